// Graphviz (cgraph + gvc). No stable Swift API: only
// Sources/SAEGraph/Output/Graphviz.swift imports this module.
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
