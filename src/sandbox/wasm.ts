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
 * Counts the requests to grow an instance's memory past its cap: QuickJS's out-of-memory, as the
 * host can observe it whatever the file then does with the error (catches it, or lets it reject a
 * promise nobody awaits). Emscripten first asks for up to 20 % (at most 96 MiB) more than the
 * heap needs, then less, before malloc fails: a refusal means the heap came within that margin
 * of the cap, which for any limit is past the limit itself once QuickJS's own ~6 MiB are counted.
 */
export class HeapWatch {
  refusals = 0;
}

export interface QuickJSInstance {
  readonly module: QuickJSWASMModule;
  readonly heap: HeapWatch;
}

/** A memory whose refused growths are counted (Emscripten calls `grow` from JavaScript). */
function watchedMemory(memoryBytes: number, heap: HeapWatch): WebAssembly.Memory {
  const memory = new WebAssembly.Memory({ initial: BASE_BYTES / PAGE, maximum: memoryCapBytes(memoryBytes) / PAGE });
  const grow = memory.grow.bind(memory);
  Object.defineProperty(memory, "grow", {
    value: (delta: number): number => {
      try {
        return grow(delta);
      } catch (e) {
        heap.refusals++;
        throw e;
      }
    },
  });
  return memory;
}

/**
 * A fresh QuickJS module instance (its own linear memory). A new instance is needed after the
 * host stack overflowed inside WebAssembly, which leaves the old instance in an unknown state.
 *
 * The instance gets a WebAssembly memory capped at the sandbox memory limit plus the module's own
 * needs: QuickJS's memory limit is not a byte limit in this build (without malloc_usable_size it
 * counts 8 bytes per allocation, so one large string or array passes it; measured 250 MB used
 * under a 16 MB limit). The cap makes malloc fail, which QuickJS reports as out of memory. The
 * runtime gets no limit of its own (vm.ts): QuickJS would refuse a single large allocation
 * without asking the memory, and a file could catch that out-of-memory unseen.
 */
export async function loadQuickJS(memoryBytes: number): Promise<QuickJSInstance> {
  const wasmModule = await compiledWasm();
  const heap = new HeapWatch();
  const wasmMemory = async (): Promise<WebAssembly.Memory> => watchedMemory(memoryBytes, heap);
  return { module: await newQuickJSWASMModuleFromVariant(newVariant(baseVariant, { wasmModule, wasmMemory })), heap };
}
