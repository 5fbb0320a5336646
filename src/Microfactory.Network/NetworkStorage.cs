namespace Microfactory.Network;

/// <summary>The grain storage provider every grain of the network keeps its state in (the silo registers it).</summary>
public static class NetworkStorage
{
    public const string Name = "grains";

    /// <summary>The one persistent state each grain has.</summary>
    public const string State = Microfactory.GrainStorage.GrainStateKeys.DefaultStateName;
}
