#!/usr/bin/env bash
# The import renames of the codec move (dev.warren.protocol.X -> dev.warren.protocol.codec.X) for
# the client's internal packages, which this change does not edit. It rewrites import lines
# (static ones too) and fully-qualified names of the moved types, wherever they are in a file, so
# it works on files changed in other ways, and running it twice changes nothing more.
# Run from anywhere: bash internal-imports.sh. A renamed import now sorts after every
# dev.warren.protocol.<Type> import: if spotless:check then complains about import order, run
# mvn -o -q spotless:apply -pl warren-client.
set -euo pipefail
cd "$(dirname "$0")"
moved='ByteOutput|FieldTables|FrameDecoder|FrameEncoder|FrameHandler|FrozenTable|HeapByteOutput|MethodCodec|MethodInfo|Method|ProtocolHeader|Utf8|WireReader|WireWriter'
for dir in warren-client/src/main/java/dev/warren/client/internal \
    warren-client/src/test/java/dev/warren/client/internal; do
  [ -d "$dir" ] || continue
  find "$dir" -name '*.java' -print0 |
    xargs -0 -r perl -pi -e "s/\\bdev\\.warren\\.protocol\\.($moved)\\b/dev.warren.protocol.codec.\$1/g"
done
