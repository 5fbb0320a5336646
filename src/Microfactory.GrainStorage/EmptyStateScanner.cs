namespace Microfactory.GrainStorage;

/// <summary>
/// Orleans' memory provider keeps state only while its silos run, and a silo starting fresh finds none: there is
/// nothing to read back. (Unit tests only; every provider that outlives a process has a real scanner.)
/// </summary>
public sealed class EmptyStateScanner : IGrainStateScanner
{
    public string Source => "memory (nothing outlives the silos)";

    public IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<(string, TState)>();
}
