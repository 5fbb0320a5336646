using Spectre.Console;

namespace Microfactory.Cli;

/// <summary>
/// Where mf reads and writes: standard output carries the result (tables, or the API's JSON with --json), standard
/// error carries notes, progress and errors, so a script's pipe gets only the result.
/// </summary>
public sealed class CliIO(TextWriter output, TextWriter error, IAnsiConsole console, IAnsiConsole errorConsole, TextReader input, Func<string, string?> environment)
{
    /// <summary>Raw standard output (the --json path).</summary>
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Human output on standard output.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Progress bars and live views, on standard error.</summary>
    public IAnsiConsole ErrorConsole { get; } = errorConsole;

    public TextReader In { get; } = input;

    public string? Environment(string name) => environment(name) is { Length: > 0 } value ? value : null;

    public static CliIO FromProcess()
    {
        var output = AnsiConsole.Console;
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

        // Piped into a file or another program there is no terminal to fit: wide lines beat wrapped cells.
        if (System.Console.IsOutputRedirected)
        {
            output.Profile.Width = RedirectedWidth();
        }

        if (System.Console.IsErrorRedirected)
        {
            error.Profile.Width = RedirectedWidth();
        }

        return new CliIO(System.Console.Out, System.Console.Error, output, error, System.Console.In, System.Environment.GetEnvironmentVariable);
    }

    private static int RedirectedWidth() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40 ? columns : 200;

    /// <summary>Plain text, no colours, no cursor moves, wide lines: what a test or a log captures.</summary>
    public static CliIO Plain(TextWriter output, TextWriter error, TextReader input, Func<string, string?> environment) =>
        new(output, error, PlainConsole(output), PlainConsole(error), input, environment);

    private static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
