using System.Collections.Concurrent;
using Microfactory.Network.Cities;

namespace Microfactory.Network.Directory;

/// <summary>Every known city on this node, for routing (delivery locations) and listings without a grain call.</summary>
public sealed class CityDirectory
{
    private readonly ConcurrentDictionary<string, City> _cities = new(StringComparer.Ordinal);

    public event Action<City>? Changed;

    public void Upsert(City city)
    {
        _cities[city.Id] = city;
        Changed?.Invoke(city);
    }

    public bool TryGet(string id, out City city) => _cities.TryGetValue(id, out city!);

    public IReadOnlyList<City> All() => _cities.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
}
