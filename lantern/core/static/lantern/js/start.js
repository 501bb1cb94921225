import { initAll } from "/static/lantern/vendor/govuk-frontend.min.js";

initAll();
