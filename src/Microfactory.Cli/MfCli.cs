using System.CommandLine;
using Microfactory.Cli.Commands;

namespace Microfactory.Cli;

/// <summary>The <c>mf</c> command tree; <see cref="RunAsync"/> is the whole program, so tests run it in-process.</summary>
public static class MfCli
{
    public static RootCommand Build(CliIO io, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var globals = new GlobalOptions();
        var root = new RootCommand("mf: the Microfactory Network planners' command line (docs/cli.md)");
        globals.AddTo(root);
        root.Subcommands.Add(OrderCommands.Create(globals, io, time));
        root.Subcommands.Add(SiteCommands.Create(globals, io));
        root.Subcommands.Add(CellCommands.Create(globals, io, time));
        root.Subcommands.Add(PlanCommands.Create(globals, io));
        root.Subcommands.Add(RolloutCommands.Create(globals, io, time));
        root.Subcommands.Add(DesignCommands.Create(globals, io));
        root.Subcommands.Add(CityCommands.Create(globals, io));
        root.Subcommands.Add(LoginCommand.Create(globals, io));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliIO io, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var parse = Build(io, time).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
            {
                io.Error.WriteLine($"error: {error.Message}");
            }

            io.Error.WriteLine($"Run '{string.Join(' ', ["mf", .. CommandPath(parse)])} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
