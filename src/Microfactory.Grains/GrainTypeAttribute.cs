namespace Microfactory.Grains;

/// <summary>Names a grain interface's type in identities and storage keys, so renaming the interface keeps its data.</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
