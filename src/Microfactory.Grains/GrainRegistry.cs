using System.Reflection;

namespace Microfactory.Grains;

/// <summary>The grain interfaces this node can host and their implementations, checked when registered.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, GrainTypeInfo> _byInterface = [];
    private readonly Dictionary<string, GrainTypeInfo> _byName = new(StringComparer.Ordinal);

    public GrainRegistry Add<TInterface, TGrain>()
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        var iface = typeof(TInterface);
        if (!iface.IsInterface)
        {
            throw new ArgumentException($"{iface.Name} must be an interface.");
        }

        foreach (var method in iface.GetMethods())
        {
            var returns = method.ReturnType;
            var ok = returns == typeof(Task) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>));
            if (!ok)
            {
                throw new ArgumentException($"{iface.Name}.{method.Name} must return Task or Task<T> (it returns {returns.Name}).");
            }
        }

        var name = iface.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultName(iface);
        if (_byName.TryGetValue(name, out var clash) && clash.Interface != iface)
        {
            throw new ArgumentException($"Grain type name '{name}' is used by both {clash.Interface.Name} and {iface.Name}.");
        }

        var info = new GrainTypeInfo(name, iface, typeof(TGrain));
        _byInterface[iface] = info;
        _byName[name] = info;
        return this;
    }

    internal GrainTypeInfo Get(Type iface) =>
        _byInterface.TryGetValue(iface, out var info)
            ? info
            : throw new InvalidOperationException($"No grain is registered for {iface.Name}.");

    // ISiteGrain -> "site", so identities read naturally ("site/osaka-01").
    private static string DefaultName(Type iface)
    {
        var name = iface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
