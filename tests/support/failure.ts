/** The AlabError a promise rejects with (the first of several); anything else is re-thrown. */
import { AlabError, AlabErrors } from "../../src/errors";

export async function failure(p: Promise<unknown>): Promise<AlabError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AlabError) return e;
    if (e instanceof AlabErrors) return e.errors[0] as AlabError;
    throw e;
  }
  throw new Error("expected a failure");
}
