using Google.Protobuf;
using Microfactory.SiteAgent.State;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>The design half of the book: design updates held until their final reply, and what the agent installed.</summary>
public sealed partial class JobBook
{
    /// <summary>Pulsed when a design update arrives (or an agent starts with pending ones).</summary>
    internal AsyncPulse DesignsChanged { get; } = new();

    /// <summary>
    /// Records a DesignUpdate durably with its first reply (DOWNLOADING for an install), unless the same update
    /// (rollout_id, design_version, action) is already held. Then the sequence may be acknowledged.
    /// </summary>
    /// <returns>True when the update is new.</returns>
    public bool AcceptDesign(V1.DesignUpdate update, ulong sequence, V1.AgentMessage? firstReply)
    {
        var isNew = false;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            RecordOrchestratorSequence(sequence);
            var key = KeyOf(update);
            if (!_state.Designs.Any(d => d.Key == key))
            {
                isNew = true;
                _state.Designs.Add(new HeldDesignUpdate { Key = key, Update = update.ToByteString().ToBase64() });
                if (firstReply is not null)
                {
                    Enqueue(firstReply);
                }
            }

            Save();
        }

        if (isNew)
        {
            OutboxChanged.Pulse();
            DesignsChanged.Pulse();
        }

        return isNew;
    }

    /// <summary>The design updates not finished yet, in arrival order.</summary>
    public IReadOnlyList<V1.DesignUpdate> PendingDesigns()
    {
        lock (_gate)
        {
            return [.. _state.Designs.Where(d => !d.Done).Select(d => V1.DesignUpdate.Parser.ParseFrom(Convert.FromBase64String(d.Update)))];
        }
    }

    /// <summary>The update's final reply, once: marks it done and queues the reply in one durable write.</summary>
    /// <returns>False when it was already done (nothing is sent again).</returns>
    public bool DesignFinished(V1.DesignUpdate update, V1.AgentMessage reply)
    {
        lock (_gate)
        {
            var held = _state.Designs.FirstOrDefault(d => d.Key == KeyOf(update));
            if (_closed || held is null || held.Done)
            {
                return false;
            }

            held.Done = true;
            Enqueue(reply);
            Save();
        }

        OutboxChanged.Pulse();
        return true;
    }

    /// <summary>Remembers (or forgets, when <paramref name="installed"/> is false) a design this agent installed on a cell.</summary>
    public void DesignOnCell(string cellId, string designVersion, string sha256, bool installed)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _state.InstalledDesigns.RemoveAll(d => d.CellId == cellId && d.DesignVersion == designVersion);
            if (installed)
            {
                _state.InstalledDesigns.Add(new InstalledCellDesign(cellId, designVersion, sha256));
            }

            Save();
        }
    }

    /// <summary>The designs this agent installed on its cells, for a restarted driver.</summary>
    public IReadOnlyList<InstalledCellDesign> InstalledDesigns()
    {
        lock (_gate)
        {
            return [.. _state.InstalledDesigns];
        }
    }

    private static string KeyOf(V1.DesignUpdate update) =>
        $"{update.RolloutId}|{update.DesignVersion}|{(update.Action == V1.DesignAction.Rollback ? "rollback" : "install")}";
}
