package io.recoverly.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server inside the test JVM (RFC 5321's minimum: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeping what it
 * receives: a real SMTP conversation with the app's mail client, without a mail server on the machine.
 */
public final class InProcessSmtpServer implements AutoCloseable {

  /** One message as received: the envelope and the raw data (headers and body, dot-unstuffed). */
  public record Received(String from, List<String> to, String data) {}

  private final ServerSocket socket;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public InProcessSmtpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "in-process-smtp");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread session = new Thread(() -> session(client), "in-process-smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket client) {
    try (client; var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
         OutputStream out = client.getOutputStream()) {
      reply(out, "220 localhost ESMTP test");
      String from = null;
      List<String> to = new CopyOnWriteArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
        switch (command) {
          case "EHLO", "HELO" -> reply(out, "250-localhost\r\n250 8BITMIME");
          case "MAIL" -> {
            from = line.substring(line.indexOf(':') + 1).strip();
            reply(out, "250 OK");
          }
          case "RCPT" -> {
            to.add(line.substring(line.indexOf(':') + 1).strip());
            reply(out, "250 OK");
          }
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            StringBuilder data = new StringBuilder();
            for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
              data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
            }
            received.add(new Received(from, List.copyOf(to), data.toString()));
            to.clear();
            reply(out, "250 OK queued");
          }
          case "QUIT" -> {
            reply(out, "221 Bye");
            return;
          }
          default -> reply(out, "250 OK");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
