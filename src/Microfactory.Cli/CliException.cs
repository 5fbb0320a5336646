namespace Microfactory.Cli;

/// <summary>A failure mf explains to the user in a few lines (never a stack trace) and ends with <see cref="ExitCode"/>.</summary>
public sealed class CliException(int exitCode, string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Further lines: field errors, hints.</summary>
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
