using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>A logger provider that completes a task when a log message matches, so tests await events instead of sleeping.</summary>
internal sealed class LogSignal(Func<string, string, bool> matches) : ILoggerProvider
{
    private readonly Func<string, string, bool> _matches = matches;
    private readonly TaskCompletionSource<string> _matched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Matched => _matched.Task;

    public ILogger CreateLogger(string categoryName) => new SignalLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SignalLogger(LogSignal owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (owner._matches(category, message))
            {
                owner._matched.TrySetResult(message);
            }
        }
    }
}
