/**
 * Per follower (an open panel of a tab), what it was last sent of each event's derived verdict
 * and PF link (see toSessionDelta). Followers come and go without saying so, so only the most
 * recent few are remembered; a forgotten one is sent every verdict again, as after a restart.
 */
export const MAX_FOLLOWERS = 16;

export class FollowerCache {
  private readonly followers = new Map<string, Map<string, string>>();

  constructor(private readonly max = MAX_FOLLOWERS) {}

  of(tabId: number, follower: string): Map<string, string> {
    const key = `${tabId}:${follower}`;
    let sent = this.followers.get(key);
    if (!sent) {
      sent = new Map();
      this.followers.set(key, sent);
      if (this.followers.size > this.max) this.followers.delete(this.followers.keys().next().value!);
    }
    return sent;
  }
}
