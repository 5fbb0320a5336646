using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Operations;

/// <summary>
/// The last warning or error the orchestrator link logged (a refused credential, a lost stream), kept for the
/// agent's status so a technician sees why the link is down without reading the journal.
/// </summary>
public sealed class LinkProblems : ILoggerProvider
{
    private const string LinkCategory = "Microfactory.SiteAgent.Link.";
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private (string Message, DateTimeOffset At)? _last;

    public LinkProblems(TimeProvider time) => _time = time;

    public (string Message, DateTimeOffset At)? Last { get { lock (_gate) { return _last; } } }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(LinkCategory, StringComparison.Ordinal) ? new Recorder(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Record(string message)
    {
        lock (_gate)
        {
            _last = (message, _time.GetUtcNow());
        }
    }

    private sealed class Recorder(LinkProblems owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Record(formatter(state, exception));
            }
        }
    }
}
