using Google.Protobuf.WellKnownTypes;
using Microfactory.SiteAgent.Drivers;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Contracts;

/// <summary>A cell driver's view as the agent contract's messages (Hello's cells, capacity reports).</summary>
public static class CellMessages
{
    public static V1.CellState ToContract(this CellState state) => state switch
    {
        CellState.Idle => V1.CellState.Idle,
        CellState.ChangingOver => V1.CellState.ChangingOver,
        CellState.Running => V1.CellState.Running,
        CellState.Down => V1.CellState.Down,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A cell state the contract has no value for."),
    };

    /// <summary>The cell as Hello describes it.</summary>
    public static V1.CellInfo ToCellInfo(this ICellDriver cell)
    {
        var description = cell.Describe();
        var status = cell.GetStatus();
        var info = new V1.CellInfo
        {
            CellId = description.CellId,
            State = status.State.ToContract(),
            LoadedDesignVersion = status.LoadedDesignVersion ?? "",
            Driver = description.Driver,
        };
        info.Capabilities.Add(description.Capabilities);
        info.InstalledDesigns.Add(status.InstalledDesigns.Select(d => new V1.InstalledDesign { DesignVersion = d.DesignVersion, Sha256 = d.Sha256 }));
        return info;
    }

    /// <summary>The cell's line in a capacity report; backlog and queue depth come from the agent's job queue.</summary>
    public static V1.CellCapacity ToCellCapacity(this ICellDriver cell, TimeSpan backlog, int queueDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueDepth);
        var status = cell.GetStatus();
        return new V1.CellCapacity
        {
            CellId = status.CellId,
            State = status.State.ToContract(),
            HoursAvailablePerDay = cell.Describe().HoursAvailablePerDay,
            Backlog = Duration.FromTimeSpan(backlog),
            QueueDepth = (uint)queueDepth,
            CurrentJobId = status.CurrentJobId ?? "",
            LoadedDesignVersion = status.LoadedDesignVersion ?? "",
            DownUntil = status.DownUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            AwaitingOperator = status.AwaitingOperator,
        };
    }
}
