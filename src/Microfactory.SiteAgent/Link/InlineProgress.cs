namespace Microfactory.SiteAgent.Link;

/// <summary>Runs the callback on the reporting thread: <see cref="Progress{T}"/> would post it elsewhere and reorder or delay parts.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
