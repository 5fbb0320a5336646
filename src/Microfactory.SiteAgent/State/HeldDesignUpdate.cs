namespace Microfactory.SiteAgent.State;

/// <summary>A DesignUpdate the agent recorded; pending until its final DesignInstallAck is in the outbox.</summary>
public sealed class HeldDesignUpdate
{
    /// <summary>(rollout_id, design_version, action): a resent update is recognised by it.</summary>
    public string Key { get; set; } = "";

    /// <summary>The DesignUpdate (protobuf, base64).</summary>
    public string Update { get; set; } = "";

    /// <summary>The final reply (INSTALLED, FAILED or ROLLED_BACK) is in the outbox; never done again.</summary>
    public bool Done { get; set; }
}

/// <summary>A design version the agent installed on a cell, so it is installed again on a restarted driver.</summary>
public sealed record InstalledCellDesign(string CellId, string DesignVersion, string Sha256);
