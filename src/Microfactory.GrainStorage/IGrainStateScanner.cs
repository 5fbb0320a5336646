namespace Microfactory.GrainStorage;

/// <summary>
/// Reads every stored state of one grain type straight from where the configured provider keeps it, without
/// activating a grain: what a silo's read models are rebuilt from at start-up.
/// </summary>
public interface IGrainStateScanner
{
    /// <summary>What the scan reads, for logs and docs ("local directory .data/store", "Azure Blob container grainstate").</summary>
    string Source { get; }

    /// <summary>Every stored state of <paramref name="grainType"/> (Orleans' grain type name, e.g. "order"), in no particular order.</summary>
    IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, CancellationToken cancellationToken);
}
