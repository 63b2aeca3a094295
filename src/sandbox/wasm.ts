/**
 * Loading the QuickJS WebAssembly module. The `.wasm` is imported as a file so `bun build --compile`
 * embeds it in the executable: the variant's default loader looks for the file next to its own
 * JavaScript, which does not exist inside a compiled binary (ENOENT /$bunfs/...).
 */
import wasmPath from "@jitl/quickjs-wasmfile-release-sync/wasm" with { type: "file" };
import baseVariant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiling the bytes is the slow part (~30 ms); it is done once per process. */
function compiledWasm(): Promise<WebAssembly.Module> {
  compiled ??= Bun.file(wasmPath)
    .arrayBuffer()
    .then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/**
 * A fresh QuickJS module instance (its own linear memory). A new instance is needed after the
 * host stack overflowed inside WebAssembly, which leaves the old instance in an unknown state.
 */
export async function loadQuickJS(): Promise<QuickJSWASMModule> {
  const wasmModule = await compiledWasm();
  return newQuickJSWASMModuleFromVariant(newVariant(baseVariant, { wasmModule }));
}
