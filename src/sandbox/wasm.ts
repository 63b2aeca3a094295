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

/** The module's own memory needs (data, 5 MiB shadow stack, runtime, recorder realm) fit in this. */
const BASE_BYTES = 16 * 1024 * 1024;
const PAGE = 64 * 1024;

/** The hard cap on a module instance's WebAssembly memory for a given sandbox memory limit. */
function memoryCapBytes(memoryBytes: number): number {
  return Math.min(BASE_BYTES + Math.ceil(memoryBytes / PAGE) * PAGE, 32768 * PAGE);
}

/**
 * A fresh QuickJS module instance (its own linear memory). A new instance is needed after the
 * host stack overflowed inside WebAssembly, which leaves the old instance in an unknown state.
 *
 * The instance gets a WebAssembly memory capped at the sandbox memory limit plus the module's own
 * needs: QuickJS's memory limit is not a byte limit in this build (without malloc_usable_size it
 * counts 8 bytes per allocation, so one large string or array passes it; measured 250 MB used
 * under a 16 MB limit). The cap makes malloc fail, which QuickJS reports as out of memory.
 */
export async function loadQuickJS(memoryBytes: number): Promise<QuickJSWASMModule> {
  const wasmModule = await compiledWasm();
  const wasmMemory = async (): Promise<WebAssembly.Memory> => new WebAssembly.Memory({ initial: BASE_BYTES / PAGE, maximum: memoryCapBytes(memoryBytes) / PAGE });
  return newQuickJSWASMModuleFromVariant(newVariant(baseVariant, { wasmModule, wasmMemory }));
}
