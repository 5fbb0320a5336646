namespace Microfactory.Grains;

/// <summary>A grain's identity: its type name (e.g. "site") and string key (e.g. "osaka-01").</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
