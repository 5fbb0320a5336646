using System.Runtime.CompilerServices;

namespace Microfactory.Storage;

/// <summary>One blob per key: every grain write is one conditional request to the store.</summary>
public sealed class BlobStateStore(IBlobStore store) : IStateStore
{
    public Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default) => store.GetAsync(key, cancellationToken);

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default) =>
        store.PutAsync(key, content, condition, cancellationToken);

    public Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(key, condition, cancellationToken);

    public async IAsyncEnumerable<(string Key, StoredBlob Document)> ScanAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var blob = await store.GetAsync(entry.Key, cancellationToken).ConfigureAwait(false);
            if (blob is not null) // null: deleted since it was listed
            {
                yield return (entry.Key, blob);
            }
        }
    }
}
