using System.Globalization;

namespace Microfactory.Storage;

internal static class ETags
{
    // Quoted like Azure's ("0x8DC..."), so callers never learn to depend on a backend's ETag shape.
    public static string FromVersion(long version) => "\"0x" + version.ToString("X16", CultureInfo.InvariantCulture) + "\"";
}
