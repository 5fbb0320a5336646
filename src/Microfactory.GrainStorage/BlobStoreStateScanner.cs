using System.Runtime.CompilerServices;
using System.Text.Json;
using Microfactory.Storage;

namespace Microfactory.GrainStorage;

/// <summary>
/// Scans the states <see cref="BlobGrainStorage"/> keeps in the project's blob store (local directory, memory).
/// States are read <see cref="Parallelism"/> at a time: one at a time, a scan waits on every file in turn.
/// </summary>
public sealed class BlobStoreStateScanner(IBlobStore store, JsonSerializerOptions json, string source, int parallelism = 8) : IGrainStateScanner
{
    public int Parallelism { get; } = parallelism;

    public string Source => source;

    public async IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = GrainStateKeys.TypePrefix(grainType);
        var names = store.ListAsync(prefix, cancellationToken).Select(e => e.Key);
        await foreach (var item in ParallelStateReads.ReadAsync(names, Parallelism, (name, ct) => ReadAsync<TState>(prefix, name, ct), cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private async ValueTask<(string, TState)?> ReadAsync<TState>(string prefix, string name, CancellationToken cancellationToken)
    {
        if (GrainStateKeys.KeyOf(prefix, name) is not { } key)
        {
            return null;
        }

        var blob = await store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return null; // cleared since it was listed
        }

        var state = JsonSerializer.Deserialize<TState>(blob.Content.Span, json) ?? throw new InvalidDataException($"Stored state '{name}' is null.");
        return (key, state);
    }
}
