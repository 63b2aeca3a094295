/**
 * The QuickJS WebAssembly instances behind the sandbox: the one in use and ready spares to switch
 * to when it has to be retired. An instance is retired when its memory can no longer be trusted:
 * after a host stack overflow inside it, after an interrupt or an out-of-memory while promise jobs
 * ran (measured: a later QTS_NewContext failed with "call_indirect to a signature that does not
 * match"), or after QuickJS aborted. Evaluation is synchronous and loading is not, so spares are
 * loaded up front (~1 ms each once the WebAssembly is compiled) and replenished in the background;
 * with none left, files are refused (E_SANDBOX_EXHAUSTED) until one is ready.
 */
import { loadQuickJS, type QuickJSInstance } from "./wasm";

const SPARES = 2;

export class Instances {
  private loading = 0;
  private retired = false;

  private constructor(
    private current: QuickJSInstance,
    private readonly spares: QuickJSInstance[],
    private readonly memoryBytes: number,
  ) {}

  static async create(memoryBytes: number): Promise<Instances> {
    const [current, ...spares] = await Promise.all(Array.from({ length: SPARES + 1 }, () => loadQuickJS(memoryBytes)));
    return new Instances(current as QuickJSInstance, spares, memoryBytes);
  }

  private replenish(): void {
    while (this.spares.length + this.loading < SPARES) {
      this.loading++;
      loadQuickJS(this.memoryBytes).then(
        (m) => {
          this.loading--;
          this.spares.push(m);
        },
        () => {
          this.loading--;
        },
      );
    }
  }

  /** The instance to use now, or null when the current one is retired and no spare is ready. */
  usable(): QuickJSInstance | null {
    if (!this.retired) return this.current;
    const next = this.spares.shift();
    if (next === undefined) return null;
    this.current = next;
    this.retired = false;
    this.replenish();
    return this.current;
  }

  /** The current instance may not be used again (the JavaScript engine collects it). */
  retire(): void {
    this.retired = true;
    this.replenish();
  }
}
