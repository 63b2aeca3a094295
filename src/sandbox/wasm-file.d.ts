/** The variant's `.wasm`, imported `with { type: "file" }`: Bun hands back a path to the bytes. */
declare module "@jitl/quickjs-wasmfile-release-sync/wasm" {
  const path: string;
  export default path;
}
