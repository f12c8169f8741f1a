import { ErrorCode } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import AsyncLock from 'async-lock';
import { AppError } from '../common/app-error';
import { isDatabaseUnavailable } from '../common/error.filter';

/** The longest a change of places waits for the ones queued before it on the same offering. */
const MAX_WAIT_MS = 30_000;
/** A popular class opening for enrollment: thousands may queue for one offering in the same second. */
const MAX_QUEUED = 20_000;

const crowded = () => new AppError(503, ErrorCode.ServiceUnavailable, '现在人太多了，请稍等一会儿再试');
const unreachable = () => new AppError(503, ErrorCode.ServiceUnavailable, '服务暂时不可用，请稍后再试');

/**
 * Changes of places on one offering (enrolling, cancelling, a walk-in), one at a time in arrival
 * order, each in its own transaction. All of them lock the offering's row. Left to PostgreSQL, a
 * crowd on one offering would take every pool connection to wait on that lock, and the pool's
 * short wait for a connection (short so that a database that is down is answered 503 at once)
 * would turn the back of the queue into 503s while every other user waited too. Queued here,
 * a crowd on one offering holds one connection per server process, and the rest of the pool
 * serves everybody else.
 */
@Injectable()
export class OfferingTurns {
  private readonly lock = new AsyncLock({ timeout: MAX_WAIT_MS, maxPending: MAX_QUEUED });
  /** When a turn last found the database unreachable, per offering. */
  private readonly unreachableAt = new Map<number, number>();

  async take<T>(offeringId: number, work: () => Promise<T>): Promise<T> {
    const queuedAt = Date.now();
    let started = false;
    try {
      return await this.lock.acquire(String(offeringId), async () => {
        started = true;
        // the database was found unreachable while this one waited: answer at once rather than try again
        if ((this.unreachableAt.get(offeringId) ?? -Infinity) >= queuedAt) throw unreachable();
        try {
          const result = await work();
          this.unreachableAt.delete(offeringId);
          return result;
        } catch (err) {
          if (isDatabaseUnavailable(err)) this.unreachableAt.set(offeringId, Date.now());
          throw err;
        }
      });
    } catch (err) {
      // refused by the queue itself (waited too long, or too many waiting): the work never ran
      if (!started) throw crowded();
      throw err;
    }
  }
}

interface Joiner<I, R> {
  item: I;
  resolve: (answer: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Requests of one kind that go through an offering's turns together: everyone who asks before the
 * next turn starts joins it, and `run` handles them all in arrival order in one transaction,
 * answering each (an Error refuses that one alone). A rush of thousands on one class costs a few
 * transactions instead of one each.
 */
export class GroupedTurns<I, R> {
  private readonly forming = new Map<number, Joiner<I, R>[]>();

  constructor(
    private readonly turns: OfferingTurns,
    private readonly run: (offeringId: number, items: I[]) => Promise<(R | Error)[]>,
  ) {}

  join(offeringId: number, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const forming = this.forming.get(offeringId);
      if (forming) {
        forming.push({ item, resolve, reject });
        return;
      }
      const group: Joiner<I, R>[] = [{ item, resolve, reject }];
      this.forming.set(offeringId, group);
      const leave = () => {
        if (this.forming.get(offeringId) === group) this.forming.delete(offeringId);
      };
      this.turns
        .take(offeringId, async () => {
          leave(); // whoever asks from now on forms the next group
          const answers = await this.run(offeringId, group.map((j) => j.item));
          group.forEach((j, i) => (answers[i] instanceof Error ? j.reject(answers[i]) : j.resolve(answers[i] as R)));
        })
        .catch((err: unknown) => {
          leave();
          for (const j of group) j.reject(err);
        });
    });
  }
}
