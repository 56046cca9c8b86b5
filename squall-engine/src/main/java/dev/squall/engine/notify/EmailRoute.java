package dev.squall.engine.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends a notification by e-mail over SMTP (Angus Mail): the rendered message is the subject's
 * first line and the body's head, followed by the execution's facts and the notification data.
 * A refused or unreachable server is a failed attempt, retried by the notifier.
 */
public final class EmailRoute implements Route {

  /**
   * @param starttls upgrade the connection with STARTTLS (required when true)
   * @param ssl connect with TLS from the start (SMTPS, usually port 465)
   * @param username null for a server that takes mail without login
   */
  public record Settings(String host, int port, boolean starttls, boolean ssl, String username,
      String password, String from, List<String> to, Duration timeout) {

    public Settings {
      if (host == null || host.isBlank() || from == null || to == null || to.isEmpty()) {
        throw new IllegalArgumentException("an e-mail route needs host, from and at least one to");
      }
      to = List.copyOf(to);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String name;
  private final Settings settings;
  private final Session session;

  public EmailRoute(String name, Settings settings) {
    this.name = name;
    this.settings = settings;
    Properties p = new Properties();
    String protocol = settings.ssl() ? "smtps" : "smtp";
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", settings.host());
    p.put("mail." + protocol + ".port", String.valueOf(settings.port()));
    p.put("mail." + protocol + ".auth", String.valueOf(settings.username() != null));
    p.put("mail." + protocol + ".starttls.enable", String.valueOf(settings.starttls()));
    p.put("mail." + protocol + ".starttls.required", String.valueOf(settings.starttls()));
    String ms = String.valueOf(settings.timeout().toMillis());
    p.put("mail." + protocol + ".connectiontimeout", ms);
    p.put("mail." + protocol + ".timeout", ms);
    p.put("mail." + protocol + ".writetimeout", ms);
    this.session = Session.getInstance(p);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) throws Exception {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(settings.from()));
    for (String to : settings.to()) {
      mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    String message = n.message() == null ? "" : n.message();
    String firstLine = message.lines().findFirst().orElse("Execution " + n.executionId() + " " + n.status());
    mail.setSubject(firstLine.length() > 200 ? firstLine.substring(0, 200) + "…" : firstLine, "UTF-8");
    mail.setSentDate(new Date());
    mail.setText(message + "\n\n"
        + "execution: " + n.executionId() + "\n"
        + "action: " + n.actionRef() + "\n"
        + "status: " + n.status() + "\n"
        + "notification: " + n.section() + " via " + n.route() + "\n\n"
        + "data:\n" + JSON.writeValueAsString(n.data()) + "\n", "UTF-8");
    try (Transport transport = session.getTransport()) {
      transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
      transport.sendMessage(mail, mail.getAllRecipients());
    }
  }
}
