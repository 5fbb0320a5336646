using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microfactory.LoadTest;

/// <summary>What the simulated agents saw, shared by all of them: when each order's assignment arrived, and counts.</summary>
public sealed class LinkCounters
{
    /// <summary>Order id to the Stopwatch timestamp of the first JobAssignment for it.</summary>
    public ConcurrentDictionary<string, long> AssignmentReceivedAt { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    private long _connected;
    private long _assignments;
    private long _duplicateAssignments;
    private long _updatesAcknowledged;
    private long _capacityReports;
    private long _heartbeats;
    private long _reconnects;

    public long Connected => Interlocked.Read(ref _connected);

    public long Assignments => Interlocked.Read(ref _assignments);

    public long DuplicateAssignments => Interlocked.Read(ref _duplicateAssignments);

    public long UpdatesAcknowledged => Interlocked.Read(ref _updatesAcknowledged);

    public long CapacityReports => Interlocked.Read(ref _capacityReports);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Attempts to reconnect after the orchestrator closed an agent's stream.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    public void Connect() => Interlocked.Increment(ref _connected);

    public void Disconnect() => Interlocked.Decrement(ref _connected);

    public void Assignment(string orderId, bool duplicate)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _assignments);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicateAssignments);
        }

        AssignmentReceivedAt.TryAdd(orderId, now);
    }

    public void UpdateAcknowledged() => Interlocked.Increment(ref _updatesAcknowledged);

    public void CapacityReport() => Interlocked.Increment(ref _capacityReports);

    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    public void Reconnect() => Interlocked.Increment(ref _reconnects);

    public void Error(string kind) => Errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
