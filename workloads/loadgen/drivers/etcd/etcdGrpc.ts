import { Client, credentials, Metadata, status, type ChannelOptions, type ClientDuplexStream, type ServiceError } from "@grpc/grpc-js";
import type { ErrorClass } from "../../loadgenResult";
import { oneLine, type OpError } from "../../measure/errorClass";

/** etcd v3 gRPC methods the driver calls (etcdserverpb services KV and Watch). */
export const etcdMethods = {
  range: "/etcdserverpb.KV/Range",
  txn: "/etcdserverpb.KV/Txn",
  watch: "/etcdserverpb.Watch/Watch",
} as const;

/** Requests in flight per connection before the next one opens; far below HTTP/2's usual 100-stream limit. */
export const streamsPerConnection = 50;

const passThrough = (b: Buffer) => b;

/** Class of a gRPC status, the way the HTTP drivers class HTTP statuses. */
export function classifyGrpc(code: number): ErrorClass {
  switch (code) {
    case status.DEADLINE_EXCEEDED:
      return "timeout";
    case status.RESOURCE_EXHAUSTED:
      return "throttled";
    case status.UNAVAILABLE:
    case status.CANCELLED:
      return "network";
    case status.INVALID_ARGUMENT:
    case status.FAILED_PRECONDITION:
    case status.OUT_OF_RANGE:
    case status.NOT_FOUND:
    case status.ALREADY_EXISTS:
    case status.PERMISSION_DENIED:
    case status.UNAUTHENTICATED:
    case status.UNIMPLEMENTED:
      return "rejected";
    default:
      return "server";
  }
}

export function grpcError(err: ServiceError | Error): OpError {
  const code = (err as ServiceError).code;
  if (code === undefined) return { cls: "network", message: oneLine(err.message) };
  return { cls: classifyGrpc(code), message: oneLine(`${status[code] ?? code}: ${(err as ServiceError).details || err.message}`) };
}

/**
 * gRPC channels to one etcd (or kine) endpoint. grpc-js shares one TCP
 * connection between every client of the same target unless each has its
 * own subchannel pool, so each channel here does: `connections` channels are
 * `connections` connections, and calls spread over them round-robin.
 */
export class EtcdChannels {
  private readonly clients: Client[] = [];
  private next = 0;
  private streams = 0;

  constructor(private readonly endpoint: string, private readonly connections: number) {}

  private open(): Client {
    const options: ChannelOptions = {
      "grpc.use_local_subchannel_pool": 1,
      // Pages of a large list can pass the 4 MiB default; etcd itself allows up to 2 GiB (--max-request-bytes aside).
      "grpc.max_receive_message_length": -1,
    };
    const c = new Client(this.endpoint, credentials.createInsecure(), options);
    this.clients.push(c);
    return c;
  }

  /** The next channel, opening channels lazily up to `connections`. */
  pick(): Client {
    if (this.clients.length < this.connections) return this.open();
    const c = this.clients[this.next];
    this.next = (this.next + 1) % this.clients.length;
    return c;
  }

  /** Resolves once one channel is connected, or rejects with why not by the deadline. */
  ready(timeoutMs: number): Promise<void> {
    const c = this.clients[0] ?? this.open();
    return new Promise((resolve, reject) => c.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
  }

  unary(method: string, request: Buffer, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.pick().makeUnaryRequest(method, passThrough, passThrough, request, new Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res!)));
    });
  }

  /** A stream on the channel of every streamsPerConnection-th stream opened: long-lived watches fill one connection, then the next. */
  bidi(method: string): ClientDuplexStream<Buffer, Buffer> {
    const index = Math.floor(this.streams++ / streamsPerConnection);
    const c = this.clients[index] ?? this.open();
    return c.makeBidiStreamRequest(method, passThrough, passThrough);
  }

  /** Channels opened: each its own connection. */
  get opened(): number {
    return this.clients.length;
  }

  close(): void {
    for (const c of this.clients) c.close();
    this.clients.length = 0;
  }
}
