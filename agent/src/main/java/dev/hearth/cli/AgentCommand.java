package dev.hearth.cli;

import dev.hearth.agent.Agent;
import dev.hearth.agent.AgentRuntime;
import dev.hearth.agent.HttpSurface;
import dev.hearth.agent.HttpSurfaces;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigFileMode;
import dev.hearth.logging.LogSetup;
import dev.hearth.metrics.Metrics;
import dev.hearth.systemd.ServiceManager;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "agent",
        description = {
            "Run the daemon: collect metadata, run new deployments through their hooks, signal, repeat.",
            "",
            "Polls the collectors of agent.yaml (first after 'polling.splay', then every 'polling.min_interval', "
                    + "doubling up to 'polling.max_interval' while nothing changes) and takes metadata pushed to "
                    + "POST /v1/metadata. Each deployment id runs once, in metadata order, one at a time; its "
                    + "signal is persisted before it is sent and retried until the control plane answers 2xx. "
                    + "Logs go to standard error (journald). SIGTERM stops taking work, lets a running hook "
                    + "finish (up to 60 s), persists the outbox and exits 0; SIGHUP reloads agent.yaml (collectors, "
                    + "polling, logging). Under systemd (Type=notify) it reports READY=1 once its state is "
                    + "loaded and its listener bound, STOPPING=1 on SIGTERM, and pings the watchdog while its "
                    + "pipeline turns. 'hearth config check' validates agent.yaml without starting anything.",
            "",
            "Exit status: 0 after SIGTERM, 2 when the configuration is invalid."
        })
public final class AgentCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = options.load();
        LogSetup logging = LogSetup.fromProcess();
        logging.apply(config.log());
        ConfigFileMode.warning(options.configFileOrDefault())
                .ifPresent(w -> LoggerFactory.getLogger(AgentCommand.class).warn("{}", w));
        Metrics metrics = new Metrics();
        AgentRuntime runtime = AgentRuntime.open(config, metrics.registry(), null, null);
        HttpSurface http = HttpSurfaces.create(config, runtime, metrics.registry());
        ServiceManager systemd = ServiceManager.fromEnvironment(
                System.getenv(), ProcessHandle.current().pid());
        Agent agent = new Agent(config, options::load, runtime, http, systemd, fresh -> logging.apply(fresh.log()));
        return agent.run();
    }
}
