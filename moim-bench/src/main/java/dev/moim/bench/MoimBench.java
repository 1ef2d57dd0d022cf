package dev.moim.bench;

import java.util.concurrent.Callable;

import dev.moim.bench.files.FileCommands;
import dev.moim.bench.scenario.Commands;
import dev.moim.bench.search.SearchCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code moim-bench <scenario> [options]}: load any Moim deployment through its public protocol. */
@Command(name = "moim-bench", mixinStandardHelpOptions = true, version = "moim-bench 0.1.0",
        description = "Loads a Moim server through REST and STOMP over WebSocket and reports delivery, loss and latency.",
        subcommands = {Commands.Steady.class, Commands.Ramp.class, Commands.Idle.class, Commands.BigRoom.class, Commands.Storm.class,
                Commands.Spike.class, Commands.Overload.class,
                SearchCommands.MakeCorpus.class, SearchCommands.Search.class, SearchCommands.Like.class,
                FileCommands.Files.class})
public final class MoimBench implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new MoimBench()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }
}
