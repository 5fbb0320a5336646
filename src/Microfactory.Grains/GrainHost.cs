using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microfactory.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Grains;

/// <summary>
/// Hosts grains on this node in Orleans' shape: one activation per identity, calls to it take turns, idle
/// activations are dropped, state goes through the store with ETags. Several nodes may share one store;
/// the store's conditional writes arbitrate, there is no membership or placement of our own.
/// </summary>
public sealed partial class GrainHost : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainRegistry _registry;
    private readonly GrainHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GrainHost> _logger;
    private readonly ITimer _collector;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public GrainHost(
        IServiceProvider services,
        IStateStore store,
        GrainRegistry registry,
        IOptions<GrainHostOptions> options,
        TimeProvider time,
        ILogger<GrainHost> logger)
    {
        _services = services;
        _registry = registry;
        _options = options.Value;
        _time = time;
        _logger = logger;
        States = new GrainStateStorage(store, _options.StatePrefix, time);
        _collector = time.CreateTimer(_ => _ = CollectIdleAsync(), null, _options.CollectionInterval, _options.CollectionInterval);
    }

    internal GrainStateStorage States { get; }

    /// <summary>Live activations on this node.</summary>
    public int ActivationCount => _activations.Count;

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var type = _registry.Get(typeof(TGrain));
        var id = new GrainId(type.Name, key);
        BlobKey.Validate(States.KeyOf(id));
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        ((GrainProxy)(object)proxy).Bind(this, type, id);
        return proxy;
    }

    /// <summary>
    /// Reads every stored state of one grain type without activating the grains: for rebuilding this node's
    /// read models at start-up. What it returns may be stale by the time it is used; grains stay the truth.
    /// </summary>
    public IAsyncEnumerable<(string Key, TState State)> ScanStatesAsync<TInterface, TState>(CancellationToken cancellationToken = default)
        where TInterface : IGrainWithStringKey =>
        States.ScanAsync<TState>(_registry.Get(typeof(TInterface)).Name, cancellationToken);

    /// <summary>True when the identity has a live activation here (for tests and diagnostics).</summary>
    public bool IsActive(GrainId id) => _activations.ContainsKey(id);

    internal async Task<T> InvokeAsync<T>(GrainId id, GrainTypeInfo type, string name, Func<Grain, Task<T>> call)
    {
        // A grain call is traced as part of the request or job it serves; link upkeep with no trace starts none.
        using var activity = Activity.Current is null ? null : GrainDiagnostics.Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("mf.grain.type", id.Type);
        activity?.SetTag("mf.grain.key", id.Key);
        try
        {
            return await RunTurnAsync(id, type, call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<T> RunTurnAsync<T>(GrainId id, GrainTypeInfo type, Func<Grain, Task<T>> call)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(id, static (i, s) => new GrainActivation(i, s.type, s.host), (type, host: this));
            activation.Arrive();
            var entered = false;
            try
            {
                entered = await activation.Turn.WaitAsync(_options.TurnTimeout, _stopping.Token).ConfigureAwait(false);
                if (!entered)
                {
                    throw new TimeoutException(
                        $"A call to {id} waited {_options.TurnTimeout} for its turn; a grain call cycle (A awaits B awaits A) deadlocks turn-based grains.");
                }

                if (activation.Dead)
                {
                    continue; // collected or dropped while this call waited: go again on a fresh activation
                }

                var grain = activation.Instance ?? await ActivateAsync(activation).ConfigureAwait(false);
                try
                {
                    return await call(grain).ConfigureAwait(false);
                }
                catch (GrainConflictException)
                {
                    // Ours lost a write race, or a grain we called did: either way our in-memory state may be stale.
                    activation.Dead = true;
                    throw;
                }
            }
            finally
            {
                if (entered)
                {
                    activation.LastUsedTimestamp = _time.GetTimestamp();
                    if (activation.DeactivateAfterTurn)
                    {
                        activation.Dead = true;
                    }

                    if (activation.Dead)
                    {
                        Remove(activation, "dropped");
                    }

                    activation.Turn.Release();
                }

                activation.Leave();
            }
        }
    }

    private async Task<Grain> ActivateAsync(GrainActivation activation)
    {
        var grain = (Grain)ActivatorUtilities.CreateInstance(_services, activation.Type.Implementation);
        grain.Activation = activation;
        try
        {
            if (grain is IStatefulGrain)
            {
                await States.ReadAsync(grain, _stopping.Token).ConfigureAwait(false);
            }

            await grain.OnActivateAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch
        {
            activation.Dead = true;
            throw;
        }

        activation.Instance = grain;
        GrainDiagnostics.Activations.Add(1, new TagList { { "mf.grain.type", activation.Id.Type } });
        LogActivated(activation.Id);
        return grain;
    }

    /// <summary>Drops every activation idle for at least <see cref="GrainHostOptions.IdleTimeout"/>; returns how many.</summary>
    public async Task<int> CollectIdleAsync()
    {
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            var idleFor = _time.GetElapsedTime(activation.LastUsedTimestamp);
            if (activation.Pending > 0 || idleFor < _options.IdleTimeout || !activation.Turn.Wait(0))
            {
                continue;
            }

            try
            {
                if (activation.Dead || activation.Pending > 0)
                {
                    continue;
                }

                activation.Dead = true;
                Remove(activation, "idle");
                collected++;
                if (activation.Instance is { } grain)
                {
                    await DeactivateAsync(grain).ConfigureAwait(false);
                }
            }
            finally
            {
                activation.Turn.Release();
            }
        }

        return collected;
    }

    private async Task DeactivateAsync(Grain grain)
    {
        try
        {
            await grain.OnDeactivateAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogDeactivateFailed(ex, grain.Activation.Id);
        }
    }

    private void Remove(GrainActivation activation, string reason)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation)))
        {
            GrainDiagnostics.Deactivations.Add(1, new TagList { { "mf.grain.type", activation.Id.Type }, { "reason", reason } });
            LogDeactivated(activation.Id, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as IGrainFactory, so a container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _collector.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Activated grain {Grain}")]
    private partial void LogActivated(GrainId grain);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Deactivated grain {Grain} ({Reason})")]
    private partial void LogDeactivated(GrainId grain, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Grain {Grain} failed while deactivating")]
    private partial void LogDeactivateFailed(Exception exception, GrainId grain);
}
