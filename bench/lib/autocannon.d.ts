// The part of autocannon's API the bench uses (the package ships no types).
declare module "autocannon" {
  interface Options {
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    timeout: number;
    requests: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer }[];
  }
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(
      event: "response",
      fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
    ): Instance;
  }
  export default function autocannon(opts: Options): Instance;
}
