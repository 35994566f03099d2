// The precompiled headers' own target needs a source to compile; it is this.
