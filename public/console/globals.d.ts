// The browser bundles index.html and softphone.js load with <script> tags (served from
// node_modules, see src/console/console-assets.ts), typed as far as the console uses them.

/** socket.io's client (vendor/socket.io.min.js). */
declare namespace SocketIo {
  interface Options {
    auth: { token: string };
    transports: string[];
  }

  /** `ListenEvents`: the application events the socket receives, name -> payload (unchecked: as the server sends them). */
  interface Socket<ListenEvents extends object = Record<never, never>> {
    readonly connected: boolean;
    readonly io: { on(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown };
    on(event: 'connect', listener: () => void): this;
    on(event: 'connect_error', listener: (error: Error) => void): this;
    on(event: 'disconnect', listener: (reason: string) => void): this;
    on<E extends keyof ListenEvents>(event: E, listener: (payload: ListenEvents[E]) => void): this;
    /** Emits with an acknowledgement; `error` is set when none came within the timeout. */
    timeout(ms: number): {
      emit(event: string, payload: unknown, ack: (error: Error | null, answer: unknown) => void): void;
    };
    connect(): this;
    disconnect(): this;
    removeAllListeners(): this;
  }
}

/** Twilio's Voice JavaScript SDK (vendor/twilio-voice.min.js), loaded once a token was given. */
declare namespace TwilioVoice {
  interface TwilioError {
    message: string;
    code?: number;
  }

  interface DeviceOptions {
    closeProtection?: boolean;
    codecPreferences?: string[];
  }

  interface DeviceConstructor {
    new (token: string, options?: DeviceOptions): Device;
  }

  interface Device {
    on(event: 'registered' | 'unregistered' | 'tokenWillExpire', listener: () => void): this;
    on(event: 'error', listener: (error: TwilioError) => void): this;
    on(event: 'incoming', listener: (call: Call) => void): this;
    register(): Promise<void>;
    updateToken(token: string): void;
    connect(options: { params: Record<string, string> }): Promise<Call>;
    destroy(): void;
  }

  interface Call {
    /** The call's custom and Twilio parameters (`From`, `CallSid`, ...). */
    readonly parameters?: Record<string, string>;
    on(event: 'accept' | 'cancel' | 'disconnect' | 'reject', listener: () => void): this;
    on(event: 'error', listener: (error: TwilioError) => void): this;
    accept(): void;
    reject(): void;
    disconnect(): void;
    mute(shouldMute?: boolean): void;
    isMuted(): boolean;
  }
}

/** Chart.js (vendor/chart.umd.min.js), as far as the Reports tab uses it. */
declare namespace ChartJs {
  interface Config {
    type: 'bar' | 'line';
    data: { labels: string[]; datasets: Array<Record<string, unknown>> };
    options?: Record<string, unknown>;
  }
  interface Chart {
    destroy(): void;
  }
  interface ChartConstructor {
    new (canvas: HTMLCanvasElement, config: Config): Chart;
  }
}

// `var`, so they are properties of globalThis: the console checks for them before using them.
// eslint-disable-next-line no-var
declare var io:
  | (<ListenEvents extends object = Record<never, never>>(
      namespace: string,
      options: SocketIo.Options,
    ) => SocketIo.Socket<ListenEvents>)
  | undefined;
// eslint-disable-next-line no-var
declare var Twilio: { Device?: TwilioVoice.DeviceConstructor } | undefined;
// eslint-disable-next-line no-var
declare var Chart: ChartJs.ChartConstructor | undefined;
