using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Settings;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary>One command's run: its parsed values, where to write, and (on first use) the API client.</summary>
public sealed class CommandContext(ParseResult parse, GlobalOptions globals, CliIO io) : IDisposable
{
    private ApiClient? _api;

    public ParseResult Parse { get; } = parse;

    public CliIO IO { get; } = io;

    public bool Json => Parse.GetValue(globals.Json);

    public IAnsiConsole Console => IO.Console;

    public ApiClient Api => _api ??= new ApiClient(Connection.Resolve(Parse.GetValue(globals.Url), Parse.GetValue(globals.ApiKey), Parse.GetValue(globals.Config), IO));

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>A note for the person at the terminal, on standard error so it never mixes with a script's output.</summary>
    public void Note(string text) => IO.Error.WriteLine(text);

    /// <summary>With --json, prints the body as the API sent it and returns true; the caller renders otherwise.</summary>
    public bool PrintedJson(ApiResponse response)
    {
        if (!Json)
        {
            return false;
        }

        IO.Out.WriteLine(response.Body);
        return true;
    }

    /// <summary>Makes the call, then prints the API's JSON (--json) or what <paramref name="render"/> makes of the answer.</summary>
    public async Task<int> PrintAsync<T>(Task<ApiResponse> call, Action<T> render)
    {
        var response = await call;
        if (!PrintedJson(response))
        {
            render(response.Read<T>());
        }

        return ExitCodes.Ok;
    }

    public void Dispose() => _api?.Dispose();
}

/// <summary>Runs a command's handler and turns whatever went wrong into a message and an exit code.</summary>
public static class CommandActions
{
    public static Command Runs(this Command command, GlobalOptions globals, CliIO io, Func<CommandContext, CancellationToken, Task<int>> handler)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CommandContext(parse, globals, io);
            try
            {
                return await handler(context, cancellationToken);
            }
            catch (CliException e)
            {
                Report(io, e.Message, e.Details);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Report(io, "Interrupted.", []);
                return ExitCodes.Interrupted;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Report(io, $"Unexpected error ({e.GetType().Name}): {e.Message}", ["This is a bug in mf; please report the command that caused it."]);
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    public static void Report(CliIO io, string message, IReadOnlyList<string> details)
    {
        io.Error.WriteLine($"error: {message}");
        foreach (var line in details)
        {
            io.Error.WriteLine($"  {line}");
        }
    }
}
