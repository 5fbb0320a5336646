using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Designs;

/// <summary>DesignInstallAck messages answering a DesignUpdate.</summary>
public static class DesignReplies
{
    public static V1.AgentMessage Ack(V1.DesignUpdate update, V1.DesignInstallStatus status, IEnumerable<string> cellIds, string? sha256 = null, string? reason = null)
    {
        var ack = new V1.DesignInstallAck
        {
            DesignVersion = update.DesignVersion,
            Sha256 = sha256 ?? "",
            Status = status,
            Reason = reason ?? "",
            RolloutId = update.RolloutId,
        };
        ack.CellIds.Add(cellIds);
        return new V1.AgentMessage { DesignInstallAck = ack };
    }
}
