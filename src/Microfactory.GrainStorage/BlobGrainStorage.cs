using Microfactory.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Microfactory.GrainStorage;

/// <summary>
/// Orleans grain storage over the project's blob store seam: the embedded default keeps grain state in a local
/// directory through it (atomic renames, fsync), with Orleans' ETag rules. Every write is conditional: create-only for
/// a grain never stored, If-Match after; a lost race is Orleans' <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class BlobGrainStorage(IBlobStore store, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = await store.GetAsync(GrainStateKeys.Of(stateName, grainId)).ConfigureAwait(false);
        if (blob is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(blob.Content))
            ?? throw new InvalidDataException($"The stored state of {grainId} ('{stateName}') is null.");
        grainState.ETag = blob.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = GrainStateKeys.Of(stateName, grainId);
        var condition = grainState.ETag is { } etag ? WriteCondition.IfMatches(etag) : WriteCondition.IfNotExists;
        try
        {
            grainState.ETag = await store.PutAsync(key, serializer.Serialize(grainState.State).ToMemory(), condition).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (StoreConflictException conflict)
        {
            throw Inconsistent(key, grainState.ETag, conflict);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = GrainStateKeys.Of(stateName, grainId);
        if (grainState.ETag is { } etag)
        {
            try
            {
                await store.DeleteAsync(key, WriteCondition.IfMatches(etag)).ConfigureAwait(false);
            }
            catch (StoreConflictException conflict)
            {
                throw Inconsistent(key, etag, conflict);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static InconsistentStateException Inconsistent(string key, string? expected, StoreConflictException conflict) =>
        // Only the message travels: the store's own exception type is not one callers on other silos can decode.
        new($"Grain state '{key}' changed since this activation read it: {conflict.Message}", storedEtag: null, currentEtag: expected);
}
