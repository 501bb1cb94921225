// Builds Lantern's static assets from pinned npm packages:
// GOV.UK Frontend styles compiled with a system font stack (this is not a GOV.UK service,
// so neither the GDS Transport font nor the crown is used), its JavaScript, and Leaflet.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "lantern/core/static/lantern");
const vendor = join(out, "vendor");
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(vendor, { recursive: true });

const css = sass.compile(join(root, "lantern/core/static_src/lantern.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "slash-div"],
});
writeFileSync(join(out, "css/lantern.css"), css.css);

const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(vendor, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets/images"), join(out, "images"), { recursive: true });
// Leaflet and its clustering plugin for the map of places of concern.
cpSync(join(root, "node_modules/leaflet/dist"), join(vendor, "leaflet"), { recursive: true });
for (const file of ["leaflet.markercluster.js", "leaflet.markercluster.js.map", "MarkerCluster.css", "MarkerCluster.Default.css"]) {
  cpSync(join(root, "node_modules/leaflet.markercluster/dist", file), join(vendor, "leaflet", file));
}
console.log("Built static assets into lantern/core/static/lantern");
