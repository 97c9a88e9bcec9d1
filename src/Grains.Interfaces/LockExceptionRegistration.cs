using System.Runtime.CompilerServices;
using Coordination.Serialization;

namespace Coordination.Locks;

/// <summary>Teaches the runtime to rebuild lock exceptions on the caller's side as themselves.</summary>
internal static class LockExceptionRegistration
{
#pragma warning disable CA2255 // Registration must happen before any lock call is answered, wherever that is.
    [ModuleInitializer]
    internal static void Register() =>
        ExceptionConverter.Register(static info => new LockUnavailableException(info.Message));
#pragma warning restore CA2255
}
