package dev.squall.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.chat.Bot;
import dev.squall.chat.BotSettings;
import dev.squall.chat.console.ConsoleAdapter;
import dev.squall.chat.platforms.ChatAdapters;
import dev.squall.cli.TokenFile;
import dev.squall.core.config.Config;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.CrossReferences;
import dev.squall.core.pack.LoadResult;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.pack.PackPath;
import dev.squall.core.problem.Problem;
import dev.squall.core.rule.Rule;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.trigger.TimerSchedule;
import dev.squall.engine.alias.AliasExecutor;
import dev.squall.engine.alias.AliasRegistry;
import dev.squall.engine.alias.AliasResults;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.ChatLinks;
import dev.squall.engine.auth.PasswordHasher;
import dev.squall.engine.auth.Token;
import dev.squall.engine.datastore.Datastore;
import dev.squall.engine.datastore.SecretBox;
import dev.squall.engine.cluster.ClusterBus;
import dev.squall.engine.cluster.LeaseStore;
import dev.squall.engine.cluster.Leases;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.notify.AnnouncementRoute;
import dev.squall.engine.notify.AnnouncementRunner;
import dev.squall.engine.notify.ChatRoute;
import dev.squall.engine.notify.Notifier;
import dev.squall.engine.notify.NotifierSettings;
import dev.squall.engine.notify.PostResultRunner;
import dev.squall.engine.notify.Route;
import dev.squall.engine.packs.PackIndex;
import dev.squall.engine.packs.PackInstaller;
import dev.squall.engine.packs.PackWatcher;
import dev.squall.engine.packs.PacksRunner;
import dev.squall.engine.params.ActionParameters;
import dev.squall.engine.policy.Policies;
import dev.squall.engine.policy.PolicyEnforcer;
import dev.squall.engine.policy.PolicySlots;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.RbacDefinitions;
import dev.squall.engine.rbac.RbacSettings;
import dev.squall.engine.audit.AuditSettings;
import dev.squall.engine.audit.AuditTrail;
import dev.squall.engine.retention.Retention;
import dev.squall.engine.retention.RetentionSettings;
import dev.squall.engine.rules.ApiRules;
import dev.squall.engine.rules.RuleSwitches;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.rules.Webhooks;
import dev.squall.engine.runner.BuiltinRunners;
import dev.squall.engine.runner.ActionApiAccess;
import dev.squall.engine.runner.PackVirtualenvs;
import dev.squall.engine.runner.PythonSettings;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.runner.SshConnections;
import dev.squall.engine.runner.SshSettings;
import dev.squall.engine.sensor.SensorContainer;
import dev.squall.engine.sensor.SensorSettings;
import dev.squall.engine.sensor.SensorSwitches;
import dev.squall.engine.store.AuditStore;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import dev.squall.engine.timer.TimerScheduler;
import dev.squall.server.api.AliasApi;
import dev.squall.server.api.AuditApi;
import dev.squall.server.api.AuthApi;
import dev.squall.server.api.CatalogApi;
import dev.squall.server.api.ConfigsApi;
import dev.squall.server.api.PackSetupApi;
import dev.squall.server.api.PacksApi;
import dev.squall.server.api.PoliciesApi;
import dev.squall.server.api.ExecutionsApi;
import dev.squall.server.api.KeysApi;
import dev.squall.server.api.PurgeApi;
import dev.squall.server.api.NotOfferedApi;
import dev.squall.server.api.RootApi;
import dev.squall.server.api.TracesApi;
import dev.squall.server.api.RbacApi;
import dev.squall.server.api.RulesApi;
import dev.squall.server.api.SensorsApi;
import dev.squall.server.api.StreamApi;
import dev.squall.server.api.UsersApi;
import dev.squall.server.chatlink.ChatRbac;
import dev.squall.server.chatlink.LinkPage;
import dev.squall.server.chatlink.LinksApi;
import dev.squall.server.chatlink.ServerChatUsers;
import dev.squall.server.http.ApiPermissions;
import dev.squall.server.http.ApiServer;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.ClientAddress;
import dev.squall.server.http.Json;
import dev.squall.server.metrics.ServerMetrics;
import dev.squall.server.webchat.ChatAdaptersApi;
import dev.squall.server.webchat.WebChat;
import dev.squall.server.webchat.WebChatAdapter;
import dev.squall.server.webui.WebUi;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place where Squall's parts are built and wired, in dependency
 * order, from the configuration. Nothing else constructs services.
 */
public final class Squall implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Squall.class);

  private final List<AutoCloseable> closeInReverse = new ArrayList<>();
  private Catalog catalog;
  private ExecutionService executions;
  private EventBus bus;
  private ApiServer api;
  /** This server's own URL once the API listens (the web UI's default base for execution links). */
  private volatile String ownUrl;
  private Datastore datastore;
  private AliasRegistry aliases;
  private Bot bot;
  private dev.squall.engine.inquiry.Inquiries inquiries;
  private dev.squall.engine.inquiry.Approvals approvals;

  private Squall(Config config, PrintStream console) throws IOException {
    try {
      wire(config, console);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void wire(Config config, PrintStream console) throws IOException {
    long started = System.nanoTime();
    Clock clock = Clock.systemUTC();
    Path home = config.home();
    checkConfiguration(config, home);
    ServerSettings settings = ServerSettings.from(config);
    config.unknownSections(ServerSettings.SECTIONS).forEach(LOG::warn);
    // Checked before anything is created, so that a failed start leaves no trace (no admin
    // with a printed password, no token) and says in one line what to do.
    StartChecks.portIsFree(settings.host(), settings.port());
    StartChecks.homeIsWritable(home);
    PrivateFiles.folder(home);
    // H2 writes its files with the process's umask: only into a private folder, tightened below.
    Path dbFolder = PrivateFiles.folder(home.resolve("db"));

    // The store, the packs and the template engine do not depend on each other: start them side
    // by side, which is most of what start-up costs.
    List<Path> packRoots = PackPath.resolve(shippedPacks(), packEnv(config, home));
    // Where `pack install` puts packs; made by the first install (a failed start adds nothing to
    // the home) and watched from when it appears.
    Path installedPacks = home.resolve("packs").toAbsolutePath().normalize();
    List<Path> watchedRoots = packRoots.contains(installedPacks) ? packRoots
        : java.util.stream.Stream.concat(packRoots.stream(), java.util.stream.Stream.of(installedPacks)).toList();
    CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(storeConfig(config, home)));
    CompletableFuture<LoadResult> loading = CompletableFuture.supplyAsync(() -> new PackLoader().loadAll(packRoots));
    CompletableFuture<TemplateEngine> templating = CompletableFuture.supplyAsync(TemplateEngine::new);
    Database db = join(opening);
    // Where a new user's first pack goes: made once the store opened (a failed start adds
    // nothing to the home); the watcher picks it up as it does any folder of the path made later.
    PrivateFiles.folder(installedPacks);
    closeInReverse.add(() -> PrivateFiles.tighten(dbFolder)); // what H2 wrote until it closed
    closeInReverse.add(db);
    PrivateFiles.tighten(dbFolder);
    bus = new EventBus();
    closeInReverse.add(bus);

    AuthService auth = new AuthService(db.dataSource(),
        new PasswordHasher(settings.kdfIterations()), clock, settings.tokenTtl());
    boolean firstStart = bootstrapAdmin(auth, config, home, console);
    RbacSettings rbacSettings = RbacSettings.from(config);
    Authorizer rbac = new Authorizer(auth, rbacSettings.enabled());
    PrivateFiles.tighten(rbacSettings.definitions()); // who may do what: no one else's to change
    rbac.apply(RbacDefinitions.load(rbacSettings.definitions()));
    // One key for datastore secrets and executions' secret parameters.
    SecretBox secretBox = SecretBox.open(home.resolve("datastore.key"));
    PrivateFiles.file(home.resolve("datastore.key"));
    datastore = new Datastore(db.dataSource(), secretBox, clock);

    catalog = new Catalog();
    LoadResult loaded = join(loading);
    catalog.putAll(loaded);
    report(loaded.problems());
    report(CrossReferences.check(loaded.packs(), true)); // an alias or rule naming no action, a duplicate format

    TemplateEngine templates = join(templating);
    RunnerSettings runnerSettings = RunnerSettings.defaults()
        .withWorkDir(PrivateFiles.folder(home.resolve("work")));
    ActionParameters parameters = new ActionParameters(catalog, templates, datastore,
        PrivateFiles.folder(home.resolve("configs"))); // pack configs hold secrets too
    // Execution links point at webui.base_url, else at this server's own web UI once it listens.
    ExecutionView view = new ExecutionView(catalog,
        () -> settings.webBaseUrl() != null ? settings.webBaseUrl() : ownUrl);
    aliases = new AliasRegistry(catalog, db.dataSource(), clock);
    aliases.load();
    AliasResults aliasResults = new AliasResults(aliases, view, templates);
    PackVirtualenvs virtualenvs = new PackVirtualenvs(PythonSettings.from(config), runnerSettings);
    SshConnections ssh = new SshConnections(SshSettings.from(config));
    closeInReverse.add(ssh);
    Map<String, Runner> runners = new HashMap<>(BuiltinRunners.create(runnerSettings,
        virtualenvs, parameters.configs()::values, actionApiAccess(auth, settings), ssh));
    runners.put("announcement", new AnnouncementRunner(bus));
    runners.put("squall-post-result", new PostResultRunner(aliasResults, bus));
    // Workflows' st2kv() and task() read the datastore and the tasks' executions.
    runners.put("orquesta", new dev.squall.engine.workflow.OrquestaRunner(() -> executions,
        dev.squall.core.orquesta.Expressions.standard(
            new dev.squall.engine.workflow.OrquestaRuntime(datastore, () -> executions))));
    runners.put("action-chain", new dev.squall.engine.workflow.ActionChainRunner(() -> executions,
        templates));
    runners.put("inquirer", new dev.squall.engine.inquiry.InquirerRunner());
    // Installs change aliases and rules, which are wired below: they listen from then on.
    List<Consumer<String>> packChanged = new CopyOnWriteArrayList<>();
    PackInstaller packInstaller = new PackInstaller(installedPacks,
        PrivateFiles.folder(home.resolve("work").resolve("pack-staging")), watchedRoots, catalog,
        new PackLoader(), new PackIndex(config.string("packs.index_url", null)), virtualenvs,
        ref -> packChanged.forEach(l -> l.accept(ref)));
    runners.put("squall-packs", new PacksRunner(packInstaller));
    Policies policies = new Policies(catalog);
    packChanged.add(policies::reload);
    runners.values().forEach(r -> { // after the executions that use them (e.g. Python's workers)
      if (r instanceof AutoCloseable c) {
        closeInReverse.add(c);
      }
    });
    executions = new ExecutionService(new ExecutionRepository(db, secretBox),
        catalog::actionOrClosest,
        parameters,
        runners, bus, clock,
        settings.concurrency(),
        // Embedded H2 is one process's alone: whatever other node it records is gone.
        ClusterSettings.from(config, db.config().isH2()),
        new PolicyEnforcer(policies, new PolicySlots(db.dataSource())));
    closeInReverse.add(executions);
    executions.start();
    // Several nodes on one store: what one node does alone runs under a lease (started once the
    // API is up, below), and events cross nodes on PostgreSQL's LISTEN/NOTIFY.
    Leases leases = new Leases(new LeaseStore(db.dataSource()), executions.nodeId(), executions.cluster(), clock);
    closeInReverse.add(leases);
    ClusterBus clusterBus = new ClusterBus(db.config(), db.dataSource(), bus, executions, clock);
    closeInReverse.add(clusterBus);
    clusterBus.start();

    ObjectMapper json = Json.mapper();
    AliasExecutor aliasExecutor = new AliasExecutor(aliases, catalog, executions, view, templates);

    RuleSwitches ruleSwitches = new RuleSwitches(db.dataSource(), clock);
    RulesEngine rules = new RulesEngine(db.dataSource(), executions, templates, datastore.lookup(null), clock);
    inquiries = new dev.squall.engine.inquiry.Inquiries(executions, rbac::rolesOf, clock);
    closeInReverse.add(inquiries);
    approvals = new dev.squall.engine.inquiry.Approvals(executions, rbac::rolesOf, clock);
    inquiries.alsoExpire(approvals);
    inquiries.start(Duration.ofSeconds(1), bus, rules);
    TimerScheduler timers = new TimerScheduler(db.dataSource(), rules, clock, ZoneOffset.UTC,
        TimerSchedule.DEFAULT_MISFIRE_GRACE);
    ApiRules apiRules = new ApiRules(db.dataSource(), clock, rules::rules);
    SensorSwitches sensorSwitches = new SensorSwitches(db.dataSource(), clock);
    SensorSettings sensorSettings = SensorSettings.from(config);
    SensorContainer sensors = new SensorContainer(sensorSettings, runnerSettings, virtualenvs,
        parameters.configs()::values, sensorApiAccess(auth, settings), rules,
        ref -> catalog.triggerTypes().stream().filter(t -> t.ref().equals(ref)).findFirst(), clock);
    // Rules, timers and sensors see the same rules: the packs' and the API's, with their switches
    // applied, on every change (sensors hear add_trigger/remove_trigger for their trigger types).
    Runnable reloadRules = () -> {
      List<Rule> all = ruleSwitches.apply(apiRules.over(catalog.packs().stream().flatMap(p -> p.rules().stream()).toList()));
      rules.setRules(all);
      timers.setRules(all);
      sensors.triggers(all.stream().map(r -> r.trigger().ref()).toList());
    };
    reloadRules.run();
    rules.recover();
    // A change of rules made here reaches every node's rules engine and timers.
    Runnable reloadRulesEverywhere = () -> {
      reloadRules.run();
      clusterBus.reload("rules");
    };
    timers.onlyWhile(leases.guard("timers", () -> { }, () -> { })::held);
    closeInReverse.add(timers);
    timers.start();
    // The container follows the packs: a reloaded pack's sensors restart, a removed one's stop.
    // Sensors run on the node holding the sensors lease, and stop on any other.
    java.util.function.Consumer<List<String>> syncSensors = restart ->
        sensors.sync(leases.holds("sensors") ? sensorSwitches.apply(catalog.sensors()) : List.of(), restart);
    leases.guard("sensors", () -> syncSensors.accept(List.of()), () -> syncSensors.accept(List.of()));
    // What another node changed in the store: its rules, switches and aliases are read again here.
    clusterBus.onReload(what -> {
      switch (what) {
        case "rules" -> reloadRules.run();
        case "sensors" -> syncSensors.accept(List.of());
        case "aliases" -> aliases.load();
        default -> LOG.debug("cluster bus: nothing to reload for {}", what);
      }
    });
    aliases.onChange(() -> clusterBus.reload("aliases"));
    packChanged.add(pack -> {
      aliases.sync(pack);
      reloadRules.run();
      syncSensors.accept(List.of(pack));
    });
    closeInReverse.add(new PackWatcher(watchedRoots, catalog, new PackLoader(),
        pack -> packChanged.forEach(l -> l.accept(pack))));

    ChatLinks chatLinks = new ChatLinks(db.dataSource(), clock);
    AuditTrail audit = new AuditTrail(new AuditStore(db), bus, clock, AuditSettings.from(config));
    closeInReverse.add(audit);
    audit.followOpen(executions::get); // commands whose executions ran when the last run stopped
    WebChatAdapter webChat = wireBot(config, settings, auth, rbac, aliasExecutor, view, aliasResults, json, console,
        new ServerChatUsers(chatLinks, rbac, () -> publicUrl(settings)), leases);
    bot.auditTo(audit);
    Map<String, Route> routes = NotifyRoutes.fromConfig(config);
    // A result goes out through the node connected for its adapter (the holder of its lease).
    routes.put(dev.squall.chat.ChatRoute.NAME, new ChatRoute(dev.squall.chat.ChatRoute.NAME, executions,
        bot::deliverResult, bot::leaseOf));
    for (String bot : List.of("hubot", "errbot")) {
      routes.putIfAbsent(bot, new AnnouncementRoute(bot, bot.equals("hubot") ? "chatops" : "errbot",
          executions, aliasResults, bus));
    }
    Notifier notifier = new Notifier(db.dataSource(), executions, catalog::actionOrClosest, templates,
        datastore.lookup(null), routes, rules, bus, clock, NotifierSettings.defaults());
    closeInReverse.add(notifier);
    notifier.start();
    Retention retention = new Retention(db.dataSource(), RetentionSettings.from(config), clock);
    closeInReverse.add(retention);
    retention.start();

    ServerMetrics metrics = new ServerMetrics(config.bool("metrics.public", false), bus, executions, notifier, bot);
    closeInReverse.add(metrics);
    api = new ApiServer(json, new Authenticator(auth, settings.authEnabled(), rbac,
        new ApiPermissions(id -> executions.get(id).actionRef(), json)), List.of(
        new AuthApi(auth, json, ClientAddress.from(config)),
        new UsersApi(auth, rbac, json),
        new LinksApi(chatLinks, json),
        new LinkPage(auth, chatLinks, ClientAddress.from(config)),
        new RbacApi(rbac, rbacSettings.definitions()),
        // Before the catalog's /packs/{ref}, so that /packs/index is not read as a pack's ref.
        new PacksApi(packInstaller, executions, json),
        new PoliciesApi(policies),
        // Before the catalog's and NotOfferedApi's routes of the same paths.
        new dev.squall.server.api.PackContentApi(new dev.squall.engine.packs.PackWrites(installedPacks,
            PrivateFiles.folder(home.resolve("work").resolve("pack-staging")), catalog, new PackLoader(),
            ref -> packChanged.forEach(l -> l.accept(ref))), policies, json),
        new CatalogApi(catalog),
        new ExecutionsApi(executions, view, json),
        new dev.squall.server.api.InquiriesApi(inquiries, json),
        new AliasApi(aliasExecutor, view, json),
        new RulesApi(rules, new Webhooks(rules), json, (ref, on) -> {
          ruleSwitches.set(ref, on);
          reloadRulesEverywhere.run();
        }, apiRules, reloadRulesEverywhere, catalog::triggerTypes),
        new KeysApi(datastore, rbac, json),
        new ConfigsApi(catalog, parameters.configs(), json),
        new PackSetupApi(catalog, virtualenvs),
        new SensorsApi(() -> sensorSwitches.apply(catalog.sensors()), sensors::state, (ref, on) -> {
          sensorSwitches.set(ref, on);
          syncSensors.accept(List.of());
          clusterBus.reload("sensors");
        }, json),
        new StreamApi(bus, view, json, settings.streamHeartbeat(), executions),
        webChat == null ? none -> { } : new WebChat(webChat, auth, settings.authEnabled()),
        new ChatAdaptersApi(bot, leases),
        new PurgeApi(retention, json),
        new AuditApi(audit),
        new RootApi(executions::nodes),
        new TracesApi(rules, executions),
        metrics,
        new NotOfferedApi(),
        new WebUi()));
    closeInReverse.add(api);
    api.start(settings.host(), settings.port());
    ownUrl = "http://" + loopbackIfWildcard(settings.host()) + ":" + api.port();
    // after the API, which sensors call for their datastore; stopped before it
    closeInReverse.add(sensors);
    leases.start();

    long ms = (System.nanoTime() - started) / 1_000_000;
    console.printf("Squall ready at http://%s:%d — %d packs, %d actions, %d aliases (%d ms)%n",
        settings.host(), api.port(), catalog.packs().size(),
        catalog.actions().size(), aliases.all().size(), ms);
    if (firstStart) {
      String url = "http://" + settings.host() + ":" + api.port();
      console.println("Next steps:");
      console.printf("  %-40s run an action (the CLI is logged in as admin: %s)%n",
          launcher() + " run core.local cmd=\"echo hi\"", home.resolve("token"));
      console.printf("  %-40s %s%n", url + "/chat", settings.webChat()
          ? "chat with the bot in a browser (log in as admin)" : "the web chat is off (chat.web.enabled)");
      console.printf("  %-40s your packs, in StackStorm's layout; changes load without a restart%n",
          home.resolve("packs") + "/");
    }
  }

  /**
   * Python actions call back over loopback with a token of the execution's user, revoked when
   * the execution ends (StackStorm's ST2_ACTION_AUTH_TOKEN); the API is up before any runs.
   */
  private ActionApiAccess actionApiAccess(AuthService auth, ServerSettings settings) {
    return (user, life) -> {
      if (api == null || user == null || !auth.userExists(user)) {
        return null;
      }
      Duration ttl = life == null || life.compareTo(auth.tokenTtl()) > 0 ? auth.tokenTtl() : life;
      var token = auth.issueToken(user, ttl);
      return new ActionApiAccess.Grant("http://" + loopbackIfWildcard(settings.host())
          + ":" + api.port() + "/api/v1", token.token(), () -> auth.revokeToken(token.id()));
    };
  }

  /** The host part of a URL of this server: loopback when it listens on every address. */
  private static String loopbackIfWildcard(String host) {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /**
   * Sensors call the API as the sensor user (StackStorm's system user, an administrator: sensors
   * keep system-scoped datastore keys), made without a password the first time one is needed.
   */
  private ActionApiAccess sensorApiAccess(AuthService auth, ServerSettings settings) {
    ActionApiAccess access = actionApiAccess(auth, settings);
    return (user, life) -> {
      if (api != null && !auth.userExists(user)) {
        try {
          auth.createUser(user, null, true);
        } catch (dev.squall.core.error.ConflictException raced) {
          // another sensor made it a moment ago
        }
      }
      return access.grant(user, life);
    };
  }

  /**
   * The chat bot with its built-in adapters (web chat unless {@code chat.web.enabled: false}; the
   * console when {@code squall start} runs in a terminal, or {@code chat.console.enabled}).
   * Results come back through the notifier's {@code chat} route.
   *
   * @return the web chat adapter for its HTTP routes, or null when it is off
   */
  private WebChatAdapter wireBot(Config config, ServerSettings settings, AuthService auth, Authorizer rbac,
      AliasExecutor aliasExecutor, ExecutionView view, AliasResults results, ObjectMapper json, PrintStream console,
      ServerChatUsers chatUsers, Leases leases) {
    bot = new Bot(BotSettings.from(config), aliasExecutor, executions, view, results, new ChatRbac(rbac), chatUsers);
    closeInReverse.add(bot);
    bot.inCluster(leases);
    if (!auth.userExists(bot.settings().defaultUser())) {
      auth.createUser(bot.settings().defaultUser(), null, false);
    }
    WebChatAdapter webChat = settings.webChat() ? new WebChatAdapter(json) : null;
    if (webChat != null) {
      bot.addAdapter(webChat, true);
    }
    // A platform adapter connects on one node of a cluster at a time: the holder of chat:<name>.
    for (dev.squall.chat.ChatAdapter a : ChatAdapters.fromConfig(config)) {
      bot.addLeasedAdapter(a, () -> ChatAdapters.create(config, a.name()), leases);
    }
    if (settings.console()) {
      bot.addAdapter(new ConsoleAdapter(System.in, console, System.getProperty("user.name", "local")));
    }
    closeInReverse.add(bot.followAnnouncements(bus));
    closeInReverse.add(bot.takeAnswers(inquiries, approvals, executions, bus));
    bot.start();
    return webChat;
  }

  /** Where users reach this server (chat's one-time link pages): {@code webui.base_url}, else its own address. */
  private String publicUrl(ServerSettings settings) {
    if (settings.webBaseUrl() != null) {
      return settings.webBaseUrl();
    }
    String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.port();
  }

  /** Builds and starts everything; on failure, whatever was started is stopped again. */
  public static Squall start(Config config, PrintStream console) {
    try {
      return new Squall(config, console);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return api.port();
  }

  public ApiServer api() {
    return api;
  }

  public Catalog catalog() {
    return catalog;
  }

  public ExecutionService executions() {
    return executions;
  }

  public EventBus bus() {
    return bus;
  }

  public Bot bot() {
    return bot;
  }

  public AliasRegistry aliases() {
    return aliases;
  }

  public Datastore datastore() {
    return datastore;
  }

  @Override
  public void close() {
    for (int i = closeInReverse.size() - 1; i >= 0; i--) {
      try {
        closeInReverse.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", closeInReverse.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    closeInReverse.clear();
  }

  /** The value of a start-up task, with its own exception rather than a wrapper. */
  private static <T> T join(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Reads every part's settings before anything is created, so that a start fails on all of a
   * config file's problems at once, each with its file and line, and leaves nothing behind.
   */
  private static void checkConfiguration(Config config, Path home) {
    List<java.util.function.Consumer<Config>> readers = new ArrayList<>(List.of(
        ServerSettings::from, c -> storeConfig(c, home),
        c -> ClusterSettings.from(c, storeConfig(c, home).isH2()),
        RbacSettings::from, PythonSettings::from, SshSettings::from, SensorSettings::from,
        RetentionSettings::from, AuditSettings::from, ClientAddress::from, BotSettings::from,
        c -> c.bool("metrics.public", false)));
    readers.addAll(ChatAdapters.settingsReaders(config));
    config.check(readers);
  }

  private static StoreConfig storeConfig(Config config, Path home) {
    String url = config.string("database.url", null);
    if (url == null || url.isBlank()) {
      return StoreConfig.h2File(home);
    }
    if (url.startsWith("jdbc:h2:")) {
      return new StoreConfig(url, config.string("database.user", "sa"), config.string("database.password", ""), 8);
    }
    return StoreConfig.postgres(url, config.string("database.user", null), config.string("database.password", null));
  }

  /**
   * Creates {@code admin} on the first start, and keeps a valid CLI token in
   * {@code $SQUALL_HOME/token} so that the CLI works from the server's account without a login.
   */
  private static boolean bootstrapAdmin(AuthService auth, Config config, Path home, PrintStream console)
      throws IOException {
    boolean created = !auth.userExists("admin");
    if (created) {
      String password = config.string("admin.password", null);
      boolean generated = password == null || password.isBlank();
      if (generated) {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        password = HexFormat.of().formatHex(b);
      }
      auth.createUser("admin", password, true);
      console.println(generated
          ? "Created user admin with password " + password + " (shown once; set SQUALL_ADMIN_PASSWORD to choose it)"
          : "Created user admin with the password from SQUALL_ADMIN_PASSWORD");
    }
    Path tokenFile = home.resolve("token");
    if (!tokenValid(auth, tokenFile)) {
      Token t = auth.issueToken("admin", auth.tokenTtl());
      TokenFile.write(tokenFile, t.token());
    }
    PrivateFiles.file(tokenFile); // one written by an older Squall may be readable by others
    return created;
  }

  private static boolean tokenValid(AuthService auth, Path tokenFile) {
    try {
      if (!Files.isReadable(tokenFile)) {
        return false;
      }
      String token = Files.readString(tokenFile).trim();
      auth.authenticateToken(token);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The environment the pack path is resolved from, with {@code SQUALL_HOME} made explicit. */
  private static Map<String, String> packEnv(Config config, Path home) {
    Map<String, String> env = new HashMap<>();
    config.get("packs.path").ifPresent(p -> env.put("SQUALL_PACKS_PATH", String.valueOf(p)));
    env.put("SQUALL_HOME", home.toString());
    return env;
  }

  /** How the user runs Squall: a release's launcher says where it is; else the checkout's. */
  private static String launcher() {
    return System.getenv().getOrDefault("SQUALL_LAUNCHER", "./squall");
  }

  /**
   * The {@code packs/} folder shipped with Squall: under {@code $SQUALL_DIST} (the launcher sets
   * it), else found from where this class was loaded ({@code <root>/squall-server/target/…}).
   */
  static Path shippedPacks() {
    String dist = System.getenv("SQUALL_DIST");
    if (dist != null && Files.isRegularFile(Path.of(dist, "packs/core/pack.yaml"))) {
      return Path.of(dist, "packs");
    }
    try {
      Path p = Path.of(Squall.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = p; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("packs/core/pack.yaml"))) {
          return dir.resolve("packs");
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      LOG.warn("cannot locate the shipped packs: {}", e.toString());
    }
    LOG.warn("the packs shipped with Squall (core, chatops) were not found; set SQUALL_DIST to the Squall folder");
    return null;
  }


  private static void report(List<Problem> problems) {
    for (Problem p : problems) {
      if (p.isError()) {
        LOG.error("{}", p);
      } else {
        LOG.debug("{}", p);
      }
    }
  }

}
