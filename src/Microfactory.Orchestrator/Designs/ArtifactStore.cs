using Microfactory.Storage;

namespace Microfactory.Orchestrator.Designs;

/// <summary>Design bundles in the blob store under <c>artifacts/sha256/&lt;hex&gt;</c>, written and read as streams.</summary>
public sealed class ArtifactStore(IBlobStore store)
{
    /// <summary>
    /// Streams <paramref name="body"/> into the store if the artifact is not there yet, checking the declared digest
    /// and the size limit on the way; returns the stored size. Identical bytes stored before are simply kept.
    /// </summary>
    /// <exception cref="BundleRejectedException">Digest mismatch (nothing stored) or too large.</exception>
    public async Task<long> StoreAsync(string sha256, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        if (await SizeOfAsync(sha256, cancellationToken) is { } existing)
        {
            // Content-addressed: the same digest is the same bytes; the body need not be stored again.
            return existing;
        }

        await using var verifying = new VerifyingUploadStream(body, sha256, maxBytes);
        try
        {
            await store.UploadAsync(ArtifactIds.KeyOf(sha256), verifying, WriteCondition.IfNotExists, cancellationToken);
        }
        catch (StoreConflictException e) when (e.Kind == StoreConflictKind.AlreadyExists)
        {
            // A concurrent upload of the same digest won; its bytes are the same by construction.
        }

        return await SizeOfAsync(sha256, cancellationToken)
            ?? throw new InvalidOperationException($"Artifact {sha256} was uploaded but is not in the store.");
    }

    public async Task<long?> SizeOfAsync(string sha256, CancellationToken cancellationToken)
    {
        var key = ArtifactIds.KeyOf(sha256);
        await foreach (var entry in store.ListAsync(key, cancellationToken))
        {
            if (entry.Key == key)
            {
                return entry.Length;
            }
        }

        return null;
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken) =>
        store.OpenReadAsync(ArtifactIds.KeyOf(sha256), cancellationToken);
}
