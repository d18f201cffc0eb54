// Graphviz (cgraph + gvc). No stable Swift API: only
// Sources/SAEGraph/Output/Graphviz.swift imports this module.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* dladdr */
#endif
#include <dlfcn.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

// Graphviz 2.42 takes `char *` for names and values and exposes `Agdirected`
// as a mutable global; these shims give Swift 6 const-correct entry points.
static inline Agraph_t *sg_agopen_directed(const char *name) {
    return agopen((char *)name, Agdirected, NULL);
}
static inline Agraph_t *sg_agsubg(Agraph_t *g, const char *name) {
    return agsubg(g, (char *)name, 1);
}
static inline Agnode_t *sg_agnode(Agraph_t *g, const char *name) {
    return agnode(g, (char *)name, 1);
}
static inline Agedge_t *sg_agedge(Agraph_t *g, Agnode_t *t, Agnode_t *h, const char *name) {
    return agedge(g, t, h, (char *)name, 1);
}
static inline int sg_agsafeset(void *obj, const char *name, const char *value, const char *def) {
    return agsafeset(obj, (char *)name, (char *)value, (char *)def);
}
static inline int sg_agattr_graph(Agraph_t *g, const char *name, const char *value) {
    return agattr(g, AGRAPH, (char *)name, (char *)value) != NULL;
}
static inline int sg_agattr_node(Agraph_t *g, const char *name, const char *value) {
    return agattr(g, AGNODE, (char *)name, (char *)value) != NULL;
}
static inline int sg_agattr_edge(Agraph_t *g, const char *name, const char *value) {
    return agattr(g, AGEDGE, (char *)name, (char *)value) != NULL;
}
static inline int sg_gvLayout(GVC_t *gvc, Agraph_t *g, const char *engine) {
    return gvLayout(gvc, g, engine);
}
static inline int sg_gvRenderData(GVC_t *gvc, Agraph_t *g, const char *format, char **result, unsigned int *length) {
    return gvRenderData(gvc, g, format, result, length);
}
static inline Agraph_t *sg_agmemread(const char *text) {
    return agmemread(text);
}
static inline char *sg_agget(void *obj, const char *name) {
    return agget(obj, (char *)name);
}
/// Sets an HTML-like value (`<...>` in DOT): the text is interned as an HTML string first,
/// so `agsafeset` finds that string and keeps its HTML mark.
static inline int sg_agsafeset_html(void *obj, const char *name, const char *value) {
    Agraph_t *root = agroot(obj);
    char *html = agstrdup_html(root, (char *)value);
    int rc = agsafeset(obj, (char *)name, html, "");
    agstrfree(root, html);
    return rc;
}
/// The path of the loaded libgvc (its plugins live in `graphviz/` beside it), or NULL.
static inline const char *sg_gvc_library_path(void) {
    Dl_info info;
    if (dladdr((void *)gvContextPlugins, &info) == 0) return NULL;
    return info.dli_fname;
}
