namespace Microfactory.Grains;

/// <summary>What the host knows about one registered grain interface and the class that implements it.</summary>
internal sealed record GrainTypeInfo(string Name, Type Interface, Type Implementation);
