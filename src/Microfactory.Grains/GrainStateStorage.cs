using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microfactory.Storage;

namespace Microfactory.Grains;

/// <summary>Reads and writes grain state as one JSON document per grain, every write conditional on the ETag.</summary>
internal sealed class GrainStateStorage(IStateStore store, string prefix, TimeProvider time)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string KeyOf(GrainId id) => $"{prefix}{id.Type}/{id.Key}.json";

    public async Task ReadAsync(Grain grain, CancellationToken cancellationToken)
    {
        var stateful = (IStatefulGrain)grain;
        var started = time.GetTimestamp();
        var blob = await store.GetAsync(KeyOf(grain.Activation.Id), cancellationToken).ConfigureAwait(false);
        GrainDiagnostics.StoreLatency.Record(time.GetElapsedTime(started).TotalMilliseconds, new TagList { { "op", "read" } });
        if (blob is null)
        {
            stateful.State = stateful.CreateEmptyState();
            stateful.ETag = null;
            return;
        }

        stateful.State = JsonSerializer.Deserialize(blob.Content.Span, stateful.StateType, JsonOptions)
            ?? throw new InvalidDataException($"Stored state of {grain.Activation.Id} is null.");
        stateful.ETag = blob.ETag;
    }

    /// <summary>Every stored state of one grain type, read straight from the store without activating grains.</summary>
    public async IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var typePrefix = $"{prefix}{grainType}/";
        await foreach (var (key, document) in store.ScanAsync(typePrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!key.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var state = JsonSerializer.Deserialize<TState>(document.Content.Span, JsonOptions)
                ?? throw new InvalidDataException($"Stored state '{key}' is null.");
            yield return (key[typePrefix.Length..^".json".Length], state);
        }
    }

    public async Task WriteAsync(Grain grain, CancellationToken cancellationToken)
    {
        var stateful = (IStatefulGrain)grain;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(stateful.State, stateful.StateType, JsonOptions);
        var condition = stateful.ETag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(stateful.ETag);
        var started = time.GetTimestamp();
        try
        {
            stateful.ETag = await store.PutAsync(KeyOf(grain.Activation.Id), bytes, condition, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException conflict)
        {
            throw Conflict(grain, conflict);
        }
        finally
        {
            GrainDiagnostics.StoreLatency.Record(time.GetElapsedTime(started).TotalMilliseconds, new TagList { { "op", "write" } });
        }
    }

    public async Task ClearAsync(Grain grain, CancellationToken cancellationToken)
    {
        var stateful = (IStatefulGrain)grain;
        if (stateful.ETag is { } etag)
        {
            try
            {
                await store.DeleteAsync(KeyOf(grain.Activation.Id), WriteCondition.IfMatches(etag), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException conflict)
            {
                throw Conflict(grain, conflict);
            }
        }

        stateful.State = stateful.CreateEmptyState();
        stateful.ETag = null;
    }

    private static GrainConflictException Conflict(Grain grain, StoreConflictException conflict)
    {
        // The in-memory state is now known to be stale: drop the activation so a retry reads what won.
        grain.Activation.Dead = true;
        GrainDiagnostics.Conflicts.Add(1, new TagList { { "mf.grain.type", grain.Activation.Id.Type } });
        return new GrainConflictException(grain.Activation.Id, conflict);
    }
}
