namespace Microfactory.Orchestrator.Demo;

/// <summary>Warnings and errors for the person at the terminal, one line each; the stack traces are in the log file.</summary>
public sealed class DemoTerminalLoggerProvider(DemoActivity activity) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TerminalLogger(categoryName, activity);

    public void Dispose()
    {
    }

    private sealed class TerminalLogger(string category, DemoActivity activity) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel == LogLevel.Warning ? "warn" : logLevel == LogLevel.Error ? "fail" : "crit";
            var because = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            activity.Warned($"{DateTime.UtcNow:HH:mm:ss} {level}: {category}[{eventId.Id}] {formatter(state, exception)}{because}");
        }
    }
}
