using System.Reflection;

namespace Microfactory.Grains;

/// <summary>The reference a caller holds: every interface call becomes a turn on the grain's activation.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainHost? _host;
    private GrainTypeInfo? _type;
    private GrainId _id;

    internal void Bind(GrainHost host, GrainTypeInfo type, GrainId id)
    {
        _host = host;
        _type = type;
        _id = id;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return GrainMethodInvoker.For(targetMethod).Invoke(_host!, _id, _type!, args ?? []);
    }

    public override string ToString() => _id.ToString();
}
