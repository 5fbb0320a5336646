using System.Runtime.CompilerServices;
using System.Text.Json;
using Microfactory.Storage;

namespace Microfactory.GrainStorage;

/// <summary>Scans the states <see cref="BlobGrainStorage"/> keeps in the project's blob store (local directory, memory).</summary>
public sealed class BlobStoreStateScanner(IBlobStore store, JsonSerializerOptions json, string source) : IGrainStateScanner
{
    public string Source => source;

    public async IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = GrainStateKeys.TypePrefix(grainType);
        await foreach (var entry in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (GrainStateKeys.KeyOf(prefix, entry.Key) is not { } key)
            {
                continue;
            }

            var blob = await store.GetAsync(entry.Key, cancellationToken).ConfigureAwait(false);
            if (blob is null)
            {
                continue; // cleared since it was listed
            }

            var state = JsonSerializer.Deserialize<TState>(blob.Content.Span, json)
                ?? throw new InvalidDataException($"Stored state '{entry.Key}' is null.");
            yield return (key, state);
        }
    }
}
