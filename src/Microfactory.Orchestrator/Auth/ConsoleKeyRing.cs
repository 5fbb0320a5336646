using System.Text;
using System.Xml.Linq;
using Microfactory.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// ASP.NET Core's data-protection keys (which encrypt the console cookie and Blazor's protected state) kept in the
/// store, under <c>dataprotection/keys/</c>: every orchestrator sharing the store reads a cookie any of them wrote,
/// and a sign-in outlives a restart. Keys are plain XML there, like grain state: whoever can read the store can
/// already read and change everything the console shows.
/// </summary>
internal sealed class ConsoleKeyRing(IBlobStore store) : IXmlRepository
{
    private const string Prefix = "dataprotection/keys/";

    // The interface is synchronous; the key ring is read at start and about once a day after, never per request.
    public IReadOnlyCollection<XElement> GetAllElements() => LoadAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        store.PutAsync($"{Prefix}{friendlyName}.xml", Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting)), WriteCondition.IfNotExists)
            .GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> LoadAsync()
    {
        var elements = new List<XElement>();
        await foreach (var entry in store.ListAsync(Prefix))
        {
            if (await store.GetAsync(entry.Key) is { } blob)
            {
                elements.Add(XElement.Parse(Encoding.UTF8.GetString(blob.Content.Span)));
            }
        }

        return elements;
    }
}
