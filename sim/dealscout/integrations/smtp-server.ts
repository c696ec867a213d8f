import { createServer, type Server, type Socket } from "node:net";

/**
 * Just enough SMTP for Python's smtplib: EHLO with AUTH PLAIN, MAIL, RCPT, DATA, QUIT. When `isDown()` it
 * answers every connection with 421, as a provider refusing service does. Counts delivered messages.
 */
export function startSmtp(
  port: number,
  opts: { user: string; password: string; isDown: () => boolean },
): Promise<{ server: Server; delivered: () => number }> {
  let delivered = 0;
  const expected = Buffer.from(`\0${opts.user}\0${opts.password}`).toString("base64");
  const server = createServer((socket: Socket) => {
    socket.setEncoding("utf8");
    socket.setTimeout(10_000, () => socket.destroy());
    const say = (line: string) => socket.write(`${line}\r\n`);
    if (opts.isDown()) {
      say("421 smtp.deal-scout.local Service not available, closing transmission channel");
      socket.end();
      return;
    }
    say("220 smtp.deal-scout.local ESMTP ready");
    let buffer = "";
    let inData = false;
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let at = buffer.indexOf("\r\n"); at >= 0; at = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            delivered += 1;
            say("250 2.0.0 queued");
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-smtp.deal-scout.local\r\n250 AUTH PLAIN\r\n");
        else if (verb === "HELO" || verb === "MAIL" || verb === "RCPT" || verb === "RSET" || verb === "NOOP")
          say("250 2.0.0 ok");
        else if (verb === "AUTH")
          say(line.split(" ")[2] === expected ? "235 2.7.0 ok" : "535 5.7.8 bad credentials");
        else if (verb === "DATA") {
          inData = true;
          say("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          say("221 2.0.0 bye");
          socket.end();
        } else say("502 5.5.2 command not recognised");
      }
    });
    socket.on("error", () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, delivered: () => delivered }));
  });
}
